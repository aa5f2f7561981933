/**
 * Bean Validation constraints for the values of the WindSurf domain (user names, e-mail addresses, passwords, names,
 * descriptions, ids), exactly as the services enforce them before any database work and as the schema's CHECK
 * constraints agree with; a service's own request classes can carry them to validate at its edge with the same rules.
 */
package dev.windsurf.data.validation;
