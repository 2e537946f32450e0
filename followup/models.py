"""Goals, indicators, periods, reports and their workflow."""
