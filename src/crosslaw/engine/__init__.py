"""The engine: a Rete run (durable_rules) and a three-valued explainer over the same rules."""
