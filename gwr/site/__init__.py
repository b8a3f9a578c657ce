"""Pages and data files, described by what they are made from."""
