"""Disclosure control: risk counted over people per role, and the search that meets k."""
