package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LeakDetectionTest {

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        if (key != null) {
            p.setProperty(key, value);
        }
        return p;
    }

    @Test
    void productionTurnsTheDetectorOffByDefault() {
        assertThat(LeakDetection.disables(props(null, null))).isTrue();
    }

    @Test
    void anExplicitLevelWins() {
        assertThat(LeakDetection.disables(props("io.netty.leakDetection.level", "paranoid"))).isFalse();
        assertThat(LeakDetection.disables(props("io.netty.leakDetection.level", "simple"))).isFalse();
        assertThat(LeakDetection.disables(props("io.netty.leakDetectionLevel", "advanced"))).isFalse();
    }

    @Test
    void testsRunWithTheDetectorOn() {
        // The build sets the level for every test JVM (root pom, surefire): leaks are reported there.
        assertThat(System.getProperty("io.netty.leakDetection.level")).isNotNull();
        assertThat(ResourceLeakDetector.getLevel()).isNotEqualTo(Level.DISABLED);
    }
}
