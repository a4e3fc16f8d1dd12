/*
 * lifecycle: what the network plugin does when Dokku installs it and when
 * apps are cloned, renamed or deleted (triggers install, post-app-clone-setup,
 * post-app-rename-setup, post-delete).
 */
#ifndef LIFECYCLE_H
#define LIFECYCLE_H

int trigger_install(void);
int trigger_post_app_clone_setup(const char *old_app, const char *new_app);
int trigger_post_app_rename_setup(const char *old_app, const char *new_app);
int trigger_post_delete(const char *app);

#endif
