"""Motivated deviation (gemotiveerd afwijken): mandates, deviation records and their life cycle."""
