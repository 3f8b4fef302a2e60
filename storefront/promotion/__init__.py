"""Trade promotion: the office's featured collections and the trade fairs it runs."""
