"""The dry run: what an export would publish and remove, in the terminal or as HTML."""

DEFAULT_ROWS = 10  # sample records shown per dataset
