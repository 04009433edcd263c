"""What every page of the site shares: security headers, error pages, the applicant's and the
staff's layouts, and the staff's areas."""
