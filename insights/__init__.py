"""Cross-domain read models and rules: home pages by role, training impact, ROI, reports."""
