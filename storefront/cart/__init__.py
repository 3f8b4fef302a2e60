"""The cart: for guests (a cookie) and signed-in buyers (merged when they sign in)."""
