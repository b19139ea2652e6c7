"""Demo content for trying the product: users, and later profiles and projects."""
