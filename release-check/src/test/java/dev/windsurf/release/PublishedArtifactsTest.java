package dev.windsurf.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks the jars and POMs this build made against what a repository manager (Maven Central's rules) asks of a
 * release, and against what this project promises: sources and javadoc jars, a stable module name, the license in
 * every jar, POM metadata, Javadoc of the public API only, and a BOM that manages every published artifact.
 *
 * <p>It reads {@code <module>/target/}: the reactor builds every published module before this one (see this
 * module's POM), so {@code ./mvnw verify} runs it on the artifacts of the same build.
 */
class PublishedArtifactsTest {

    /** Every published jar module: directory, artifactId, Automatic-Module-Name. */
    static final List<Published> PUBLISHED = List.of(
            new Published("src-migrations", "windsurf-migrations", "dev.windsurf.migrations", false),
            new Published("lint", "windsurf-lint", "dev.windsurf.lint", true),
            new Published("core", "windsurf-data-core", "dev.windsurf.data", true),
            new Published("codegen", "windsurf-codegen", "dev.windsurf.codegen", true),
            new Published("library", "windsurf-data", "dev.windsurf.data.domain", true));

    record Published(String directory, String artifactId, String moduleName, boolean hasJava) {
        @Override
        public String toString() {
            return artifactId;
        }
    }

    static Path root;
    static String version;

    @BeforeAll
    static void locate() {
        root = Path.of(System.getProperty("windsurf.root", "..")).toAbsolutePath().normalize();
        version = System.getProperty("windsurf.version", "0.1.0-SNAPSHOT");
    }

    static List<Published> published() {
        return PUBLISHED;
    }

    @ParameterizedTest
    @MethodSource("published")
    void theJarNamesItsModuleAndCarriesTheLicense(Published p) throws IOException {
        try (JarFile jar = open(p, "")) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Automatic-Module-Name")).isEqualTo(p.moduleName());
            assertThat(main.getValue("Bundle-License")).isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
            assertThat(main.getValue("Implementation-Version")).isEqualTo(version);
            assertThat(text(jar, "META-INF/LICENSE")).contains("Apache License", "Version 2.0, January 2004");
        }
    }

    @ParameterizedTest
    @MethodSource("published")
    void theSourcesJarHoldsTheSources(Published p) throws IOException {
        try (JarFile jar = open(p, "-sources")) {
            List<String> names = names(jar);
            if (p.hasJava()) {
                assertThat(names).anyMatch(n -> n.endsWith(".java"));
            } else {
                assertThat(names).anyMatch(n -> n.startsWith("db/migration/V") && n.endsWith(".sql"))
                        .anyMatch(n -> n.startsWith("db/undo/U") && n.endsWith(".sql"));
            }
            assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                    .isEqualTo(p.moduleName());
        }
    }

    @ParameterizedTest
    @MethodSource("published")
    void theJavadocJarDocumentsThePublicApiOnly(Published p) throws IOException {
        try (JarFile jar = open(p, "-javadoc")) {
            List<String> names = names(jar);
            assertThat(names).contains("index.html");
            if (p.hasJava()) {
                assertThat(names).contains("element-list")
                        .noneMatch(n -> n.contains("/internal/"))
                        .noneMatch(n -> n.startsWith("dev/windsurf/data/schema/"));
                assertThat(text(jar, "element-list")).doesNotContain("internal");
            }
        }
    }

    @Test
    void theLibrarysSourcesJarHoldsTheGeneratedSchemaClasses() throws IOException {
        try (JarFile jar = open(PUBLISHED.get(4), "-sources")) {
            assertThat(names(jar)).contains("dev/windsurf/data/schema/tables/Users.java",
                    "dev/windsurf/data/user/UserService.java");
        }
    }

    @Test
    void theJarsResolveAsModulesWithoutASplitPackage() {
        Path[] jars = PUBLISHED.stream().map(p -> jarPath(p, "")).toArray(Path[]::new);
        ModuleFinder finder = ModuleFinder.of(jars);
        Set<String> names = finder.findAll().stream().map(ModuleReference::descriptor)
                .map(d -> d.name()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(names).containsExactlyInAnyOrderElementsOf(
                PUBLISHED.stream().map(Published::moduleName).toList());
        // Resolution refuses two modules that hold the same package: the core and the library share dev.windsurf.data
        // as a prefix, never a package.
        Configuration configuration = Configuration.empty().resolve(finder, ModuleFinder.ofSystem(), names);
        assertThat(configuration.modules()).map(m -> m.name()).containsAll(names);
    }

    @Test
    void aSplitPackageWouldFailThatResolution(@TempDir Path dir) throws IOException {
        Path a = automaticModule(dir.resolve("a.jar"), "dev.windsurf.a", "dev/windsurf/shared/A.class");
        Path b = automaticModule(dir.resolve("b.jar"), "dev.windsurf.b", "dev/windsurf/shared/B.class");
        assertThatThrownBy(() -> Configuration.empty().resolve(ModuleFinder.of(a, b), ModuleFinder.ofSystem(),
                Set.of("dev.windsurf.a", "dev.windsurf.b"))).isInstanceOf(ResolutionException.class)
                .hasMessageContaining("dev.windsurf.shared");
    }

    private static Path automaticModule(Path file, String name, String entry) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Automatic-Module-Name", name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
            out.closeEntry();
        }
        return file;
    }

    @Test
    void theParentPomCarriesWhatARepositoryManagerAsksFor() throws Exception {
        Element project = pom(root.resolve("pom.xml"));
        assertMetadata(project);
        assertThat(child(project, "version")).isEqualTo(version);
    }

    @ParameterizedTest
    @MethodSource("published")
    void everyPublishedPomHasANameADescriptionAndTheParent(Published p) throws Exception {
        Element project = pom(root.resolve(p.directory()).resolve("pom.xml"));
        assertThat(child(project, "artifactId")).isEqualTo(p.artifactId());
        assertThat(child(project, "name")).startsWith("WindSurf Data: ");
        assertThat(child(project, "description")).hasSizeGreaterThan(40);
        Element parent = element(project, "parent");
        assertThat(child(parent, "artifactId")).isEqualTo("windsurf-parent");
        assertThat(child(parent, "version")).isEqualTo(version);
        // The metadata comes from the parent: a module must not replace it with less.
        for (String inherited : List.of("licenses", "scm", "developers", "url")) {
            assertThat(element(project, inherited)).as(p + " overrides <" + inherited + ">").isNull();
        }
    }

    @Test
    void theBomManagesEveryPublishedArtifactAtTheBuildsVersion() throws Exception {
        Element project = pom(root.resolve("bom/pom.xml"));
        assertThat(child(project, "artifactId")).isEqualTo("windsurf-bom");
        assertThat(child(project, "packaging")).isEqualTo("pom");
        assertThat(child(project, "version")).isEqualTo(version);
        assertThat(element(project, "parent")).as("a BOM that inherits would pin third-party versions").isNull();
        assertMetadata(project);

        Map<String, String> managed = new java.util.TreeMap<>();
        NodeList deps = element(element(project, "dependencyManagement"), "dependencies")
                .getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertThat(child(d, "groupId")).isEqualTo("dev.windsurf");
            managed.put(child(d, "artifactId"), child(d, "version"));
        }
        assertThat(managed.keySet()).containsExactlyInAnyOrderElementsOf(
                PUBLISHED.stream().map(Published::artifactId).toList());
        assertThat(managed.values()).containsOnly("${project.version}");

        // The few plugins it runs are pinned at the parent's versions.
        Element parentProperties = element(pom(root.resolve("pom.xml")), "properties");
        NodeList plugins = element(element(element(project, "build"), "pluginManagement"), "plugins")
                .getElementsByTagName("plugin");
        assertThat(plugins.getLength()).isPositive();
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            String property = child(plugin, "artifactId").replace("maven-", "") + ".version";
            assertThat(child(plugin, "version")).as(property).isEqualTo(child(parentProperties, property));
        }
    }

    @Test
    void theLicenseAndTheChangelogAreAtTheTop() throws IOException {
        assertThat(Files.readString(root.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004",
                "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");
        String changelog = Files.readString(root.resolve("CHANGELOG.md"));
        assertThat(changelog).contains("Keep a Changelog", "## [Unreleased]", "### Added");
    }

    private static void assertMetadata(Element project) {
        assertThat(child(project, "url")).startsWith("https://");
        Element license = element(element(project, "licenses"), "license");
        assertThat(child(license, "name")).isEqualTo("Apache-2.0");
        assertThat(child(license, "url")).isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
        Element scm = element(project, "scm");
        assertThat(child(scm, "url")).startsWith("https://");
        assertThat(child(scm, "connection")).startsWith("scm:git:");
        assertThat(child(scm, "developerConnection")).startsWith("scm:git:");
        Element developer = element(element(project, "developers"), "developer");
        assertThat(child(developer, "name")).isNotBlank();
        assertThat(child(element(project, "organization"), "name")).isNotBlank();
    }

    private static JarFile open(Published p, String classifier) throws IOException {
        Path jar = jarPath(p, classifier);
        assertThat(jar).as("%s: build it first (./mvnw verify builds every module before this check)", jar)
                .isRegularFile();
        return new JarFile(jar.toFile());
    }

    private static Path jarPath(Published p, String classifier) {
        return root.resolve(p.directory()).resolve("target").resolve(p.artifactId() + "-" + version + classifier
                + ".jar");
    }

    private static List<String> names(JarFile jar) {
        List<String> names = new ArrayList<>();
        for (JarEntry e : Collections.list(jar.entries())) {
            names.add(e.getName());
        }
        return names;
    }

    private static String text(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertThat(entry).as("%s in %s", name, jar.getName()).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Element pom(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(file.toFile());
        return doc.getDocumentElement();
    }

    /** The direct child element of that name, or null. */
    private static Element element(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String child(Element parent, String name) {
        Element e = element(parent, name);
        assertThat(e).as("<%s> in <%s>", name, parent == null ? "?" : parent.getTagName()).isNotNull();
        return e.getTextContent().trim();
    }
}
