"""Money between buyers, the office's account and the cooperatives: bank notifications,
transfer matching and the office's desk for what does not match (issue 17). Above
``orders`` and ``payments``: it uses their services, they never import it."""
