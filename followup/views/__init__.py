"""Follow-up pages, one module per audience: reports, set-up, dashboards and the årsrapport."""
