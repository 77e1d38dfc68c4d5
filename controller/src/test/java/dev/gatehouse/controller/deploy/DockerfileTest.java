package dev.gatehouse.controller.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.controller.cli.Defaults;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * No Docker engine runs here, so this checks what the Dockerfile names against what the build
 * produces and what the Deployment expects: the jar path, ports, user and Netty work folder.
 */
class DockerfileTest {

    private static final Pattern JAVA_TOOL_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");
    /** The default JVM options of a benchmark script. */
    private static final Pattern BENCH_JAVA_OPTIONS = Pattern.compile("\\$\\{GATEHOUSE_JAVA_OPTS:-([^}]*)}");

    private final Path root = Manifests.repoRoot();
    private final Dockerfile dockerfile = read();
    private final Dockerfile.Stage build = dockerfile.stage("build");
    private final Dockerfile.Stage image = dockerfile.image();
    private final Deployment deployment = GatehouseDeployment.read();
    private final Container container = GatehouseDeployment.container(deployment);

    @Test
    void buildsWithMavenAndJdk17AndRunsOnAJre17() {
        assertThat(build.from()).startsWith("maven:").contains("temurin-17");
        assertThat(image.from()).startsWith("eclipse-temurin:17-jre");
        assertThat(build.last("RUN")).contains("package").contains("-pl controller -am");
    }

    @Test
    void theJarItCopiesIsTheOneTheShadePluginWrites() throws Exception {
        Path jar = Path.of(Defaults.JAR_PATH);
        assertThat(jar.getFileName().toString()).isEqualTo(shadeFinalName() + ".jar");
        assertThat(jar.getParent()).isEqualTo(Path.of("controller", "target"));

        String workdir = build.last("WORKDIR");
        String copy = image.all("COPY").stream()
                .filter(c -> c.startsWith("--from=build "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the image stage copies nothing from the build stage"));
        String[] parts = copy.substring("--from=build ".length()).trim().split("\\s+");

        assertThat(parts).hasSize(2);
        assertThat(parts[0]).isEqualTo(workdir + "/" + Defaults.JAR_PATH);
        assertThat(jsonArray(image.last("ENTRYPOINT"))).containsExactly("java", "-jar", parts[1]);
    }

    @Test
    void startsGatehouseRunLikeTheDeployment() throws IOException {
        assertThat(jsonArray(image.last("CMD"))).containsExactly("run");
        assertThat(container.getArgs().get(0)).isEqualTo("run");
    }

    @Test
    void exposesTheCliPorts() {
        List<Integer> exposed = new ArrayList<>();
        for (String expose : image.all("EXPOSE")) {
            Arrays.stream(expose.trim().split("\\s+")).map(p -> Integer.valueOf(p.replace("/tcp", ""))).forEach(exposed::add);
        }

        assertThat(exposed).containsExactlyInAnyOrder(Defaults.HTTP_PORT, Defaults.HTTPS_PORT, Defaults.ADMIN_PORT)
                .containsExactlyInAnyOrderElementsOf(GatehouseDeployment.ports(container).values());
    }

    @Test
    void nettyWorkFolderIsTheDeploymentsEmptyDirAndTheImageCreatesIt() {
        Matcher options = JAVA_TOOL_OPTIONS.matcher(image.last("ENV"));
        assertThat(options.find()).as("ENV JAVA_TOOL_OPTIONS=\"...\" in the image stage").isTrue();
        String imageWorkdir = GatehouseDeployment.nettyWorkdir(options.group(1));
        String podWorkdir = GatehouseDeployment.nettyWorkdir(GatehouseDeployment.env(container, "JAVA_TOOL_OPTIONS"));

        assertThat(imageWorkdir).isEqualTo(podWorkdir);
        assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(podWorkdir));
        assertThat(String.join("\n", image.all("RUN")))
                .as("the image makes the folder, writable by its user, for docker run without a volume")
                .contains("mkdir -p " + imageWorkdir)
                .contains("chown");
    }

    /**
     * The benchmarks measure the collector and JIT settings production runs (issue #7): the image,
     * the Deployment and the benchmark scripts' default JVM options name the same ones.
     */
    @Test
    void theImageThePodAndTheBenchmarksRunTheSameCollectorAndJitSettings() throws IOException {
        Matcher options = JAVA_TOOL_OPTIONS.matcher(image.last("ENV"));
        assertThat(options.find()).as("ENV JAVA_TOOL_OPTIONS=\"...\" in the image stage").isTrue();
        List<String> tuning = GatehouseDeployment.measuredTuning(options.group(1));

        assertThat(GatehouseDeployment.measuredTuning(GatehouseDeployment.env(container, "JAVA_TOOL_OPTIONS")))
                .isEqualTo(tuning);
        for (String script : List.of("bench/gatehouse-subject.sh", "bench/host-spread.sh")) {
            Matcher defaults = BENCH_JAVA_OPTIONS.matcher(Files.readString(root.resolve(script)));
            assertThat(defaults.find()).as("%s: ${GATEHOUSE_JAVA_OPTS:-...}", script).isTrue();
            assertThat(GatehouseDeployment.measuredTuning(defaults.group(1))).as(script).isEqualTo(tuning);
        }
    }

    @Test
    void runsAsTheDeploymentsNumericUser() {
        PodSecurityContext pod = GatehouseDeployment.pod(deployment).getSecurityContext();

        assertThat(image.last("USER")).isEqualTo(pod.getRunAsUser() + ":" + pod.getRunAsGroup());
    }

    @Test
    void everyModulePomIsCopiedBeforeDependenciesAreFetched() throws Exception {
        List<Dockerfile.Instruction> steps = build.instructions();
        int goOffline = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).keyword().equals("RUN") && steps.get(i).arguments().contains("dependency:go-offline")) {
                goOffline = i;
                break;
            }
        }
        assertThat(goOffline).as("a RUN mvn dependency:go-offline layer").isNotNegative();
        List<String> copiedFirst = new ArrayList<>();
        for (Dockerfile.Instruction step : steps.subList(0, goOffline)) {
            if (step.keyword().equals("COPY")) {
                copiedFirst.add(step.arguments().trim().split("\\s+")[0]);
            }
        }

        List<String> poms = new ArrayList<>(List.of("pom.xml"));
        modules().forEach(m -> poms.add(m + "/pom.xml"));
        assertThat(copiedFirst).containsExactlyInAnyOrderElementsOf(poms);
    }

    @Test
    void dockerignoreLetsOnlyTheBuildInputsThrough() throws Exception {
        DockerIgnore ignore = DockerIgnore.read(root.resolve(".dockerignore"));

        assertThat(ignore.excludes("pom.xml")).isFalse();
        for (String module : modules()) {
            assertThat(ignore.excludes(module + "/pom.xml")).as(module + "/pom.xml").isFalse();
            assertThat(ignore.excludes(module + "/src/main/java/A.java")).as(module + " sources").isFalse();
            assertThat(ignore.excludes(module + "/src/main/resources/a.properties")).as(module + " resources").isFalse();
            assertThat(ignore.excludes(module + "/target/classes/A.class")).as(module + " build output").isTrue();
        }
        assertThat(List.of(".git/config", ".idea/workspace.xml", Defaults.JAR_PATH, "manifests/base/deployment.yaml",
                "controller/src/test/java/A.java", "Dockerfile")).allMatch(ignore::excludes);
    }

    private Dockerfile read() {
        try {
            return Dockerfile.read(root.resolve("Dockerfile"));
        } catch (IOException e) {
            throw new AssertionError("cannot read Dockerfile at the repository root", e);
        }
    }

    private static List<String> jsonArray(String exec) throws IOException {
        return new ObjectMapper().readValue(exec, new TypeReference<List<String>>() { });
    }

    private String shadeFinalName() throws Exception {
        Document pom = xml(root.resolve("controller/pom.xml"));
        String name = XPathFactory.newInstance().newXPath().evaluate(
                "/project/build/plugins/plugin[artifactId='maven-shade-plugin']//configuration/finalName", pom);
        assertThat(name).as("finalName of maven-shade-plugin in controller/pom.xml").isNotBlank();
        return name.trim();
    }

    private List<String> modules() throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath()
                .evaluate("/project/modules/module", xml(root.resolve("pom.xml")), XPathConstants.NODESET);
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            modules.add(nodes.item(i).getTextContent().trim());
        }
        assertThat(modules).as("modules of the root pom").isNotEmpty();
        return modules;
    }

    private static Document xml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }
}
