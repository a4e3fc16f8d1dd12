/* set: the network:set command. */
#ifndef SET_H
#define SET_H

/*
 * network:set: validates and stores (or with no values, removes) a property
 * of app, or of "--global". Returns the exit status.
 */
int command_set(const char *app, const char *prop, char **values, int nvalues);

#endif
