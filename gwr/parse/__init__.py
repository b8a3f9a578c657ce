"""From a source file to reports: read, split, clean, identify, outline, figures (targets and outcomes)."""
