from crosslaw.cli import main

main()
