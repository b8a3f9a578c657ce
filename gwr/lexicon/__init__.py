"""Word lists and character rules every stage reads: folding, the divisions of China, the glossary."""
