"""Onboarding a new agency: inspect a source, draft its folder, check it."""
