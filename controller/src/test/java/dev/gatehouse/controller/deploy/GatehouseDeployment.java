package dev.gatehouse.controller.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads the base Deployment and answers questions other tests share about it. */
final class GatehouseDeployment {

    static final String NAME = "gatehouse";
    static final String NETTY_WORKDIR_FLAG = "-Dio.netty.native.workdir=";

    private GatehouseDeployment() {
    }

    static Deployment read() {
        return Manifests.only("base/deployment.yaml", Deployment.class, NAME);
    }

    static PodSpec pod(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec();
    }

    static Container container(Deployment deployment) {
        assertThat(pod(deployment).getContainers()).as("containers of Deployment %s", NAME).hasSize(1);
        return pod(deployment).getContainers().get(0);
    }

    /** Container port name to number. */
    static Map<String, Integer> ports(Container container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ContainerPort port : container.getPorts()) {
            ports.put(port.getName(), port.getContainerPort());
        }
        return ports;
    }

    /** A probe's or Service's port, named or numbered, as a number of this container. */
    static int resolve(IntOrString port, Container container) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        Integer number = ports(container).get(port.getStrVal());
        assertThat(number).as("container %s has a port named %s", container.getName(), port.getStrVal()).isNotNull();
        return number;
    }

    static String env(Container container, String name) {
        for (EnvVar variable : container.getEnv()) {
            if (variable.getName().equals(name)) {
                return variable.getValue();
            }
        }
        throw new AssertionError("container " + container.getName() + " has no env " + name);
    }

    /**
     * The options of a JVM options string that change what the benchmarks measure: the one
     * {@code -XX:+Use...GC} option (the collector) and the JIT's {@code -XX:PerMethodTrapLimit=},
     * which must be named (issue #7: the default trap limit halves HTTP/2 throughput for seconds
     * after connections close).
     */
    static List<String> measuredTuning(String javaOptions) {
        List<String> options = Arrays.asList(javaOptions.trim().split("\\s+"));
        return List.of(
                theOne(options, option -> option.startsWith("-XX:+Use") && option.endsWith("GC"), "the collector",
                        javaOptions),
                theOne(options, option -> option.startsWith("-XX:PerMethodTrapLimit="), "the JIT trap limit",
                        javaOptions));
    }

    private static String theOne(List<String> options, Predicate<String> kind, String what, String javaOptions) {
        List<String> named = options.stream().filter(kind).toList();
        assertThat(named).as("%s named in \"%s\"", what, javaOptions).hasSize(1);
        return named.get(0);
    }

    /** The value of {@code -Dio.netty.native.workdir=} in a JAVA_TOOL_OPTIONS string. */
    static String nettyWorkdir(String javaToolOptions) {
        return Arrays.stream(javaToolOptions.trim().split("\\s+"))
                .filter(option -> option.startsWith(NETTY_WORKDIR_FLAG))
                .map(option -> option.substring(NETTY_WORKDIR_FLAG.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("JAVA_TOOL_OPTIONS \"" + javaToolOptions
                        + "\" does not set " + NETTY_WORKDIR_FLAG + " (DEPENDENCIES.md trap 3)"));
    }
}
