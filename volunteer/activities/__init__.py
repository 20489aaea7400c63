"""Activities, their categories and monthly themes, and volunteers' sign-ups."""
