"""Activities, their categories and monthly themes, teams, projects and sign-ups."""
