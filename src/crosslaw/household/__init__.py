"""Households: several persons in one dwelling, each evaluated under the laws that concern them."""
