"""Writers: the document model to HTML and DOCX, and in-place conversion of users' files."""
