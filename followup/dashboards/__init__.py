"""The managers' dashboards: figures computed from the register, governance and the reports
in a fixed number of queries, whatever the number of centres and periods (the views only
filter and show them). One module per dashboard, each with its rows and its export table;
`figures` holds what they share."""
