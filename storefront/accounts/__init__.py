"""Accounts: users and their roles, distributors, producer staff, addresses, sign-in."""
