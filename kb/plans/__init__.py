"""Municipal plan drafts: reading them (Markdown, text, Word, PDF), splitting them into sections, and
suggesting practices for each section."""
