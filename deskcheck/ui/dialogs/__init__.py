"""Modal dialogs: forms that ask and return what the reviewer said, help, summaries."""
