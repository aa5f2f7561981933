/** The lint's statement scanner and rules. Not an API: may change in any release. */
package dev.windsurf.lint.internal;
