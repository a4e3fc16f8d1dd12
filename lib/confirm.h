/* confirm: Dokku's AskForDestructiveConfirmation (doc/design.md §7). */
#ifndef CONFIRM_H
#define CONFIRM_H

/* Asks to type `name`; returns only when it was typed, else fails. */
void confirm_destructive(const char *name, const char *type);

#endif
