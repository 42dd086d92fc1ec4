"""What an evaluation says: the result model, missing-fact questions and the Dutch text."""
