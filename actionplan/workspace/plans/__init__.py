"""Workspace pages for action plans: the plan, its themes and focus areas with everything under
them, indicators with their observations, and bulk entry of observations.

Every page fetches its plan through the user's roles (another organisation's plan is a 404),
readers see the pages without edit controls, and every POST needs the right to edit the plan
(403 otherwise). Writes go through the plans and indicators services, edit forms carry the
version they were opened with, so a save on top of someone else's is refused.

One module per part, each with its forms beside its views: plans, themes, areas (focus
areas), items (what a focus area holds), indicators and bulk (many observations at once);
fields and common hold what they share. actionplan/workspace/urls_plans.py routes to them.
"""
