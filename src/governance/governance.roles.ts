/** Officers run the assembly's desk (attendance, votes, polling table); admins convene and certify. */
export const DESK = ['admin', 'officer'] as const;
