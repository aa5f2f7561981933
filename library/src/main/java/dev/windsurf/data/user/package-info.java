/**
 * Users of the WindSurf domain: {@link dev.windsurf.data.user.UserService} creates, finds, updates, authenticates,
 * deactivates and deletes them, taking {@link dev.windsurf.data.user.UserCreate} and
 * {@link dev.windsurf.data.user.UserUpdate} and returning {@link dev.windsurf.data.user.UserView}, which never carries
 * the password hash.
 */
package dev.windsurf.data.user;
