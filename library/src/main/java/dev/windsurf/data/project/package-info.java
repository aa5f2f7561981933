/**
 * Projects of the WindSurf domain: {@link dev.windsurf.data.project.ProjectService} creates them for an owner
 * (optionally inside the owner's organization), renames, describes, transfers, deletes and lists them, taking
 * {@link dev.windsurf.data.project.ProjectCreate} and returning {@link dev.windsurf.data.project.ProjectView}.
 */
package dev.windsurf.data.project;
