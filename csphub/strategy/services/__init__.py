"""Writes of the strategy app, by topic. Each function checks permission first and records
an audit event. Import the topic module (`from csphub.strategy.services import
delivery_plans`)."""
