"""The matching engine: pure Python and scikit-learn; imports no flask, sqlalchemy or app."""
