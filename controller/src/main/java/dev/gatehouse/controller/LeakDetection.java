package dev.gatehouse.controller;

import io.netty.util.ResourceLeakDetector;
import java.util.Properties;

/**
 * Netty's buffer leak detector in production. At its default level ({@code SIMPLE}) it samples
 * one buffer in 128 and records an access trail for it, about 2% of the event loops' CPU under
 * HTTP/1.1 load. The {@code run} and {@code demo} commands turn it off unless the user asked for a
 * level with {@code -Dio.netty.leakDetection.level=...} (or the legacy
 * {@code io.netty.leakDetectionLevel}), which then wins. Tests keep it on: they do not go through
 * {@link Main#main} and the build sets the level explicitly.
 */
final class LeakDetection {

    static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";
    static final String LEGACY_LEVEL_PROPERTY = "io.netty.leakDetectionLevel";

    private LeakDetection() {
    }

    /** Whether production turns the detector off: no level was asked for in {@code system}. */
    static boolean disables(Properties system) {
        return system.getProperty(LEVEL_PROPERTY) == null && system.getProperty(LEGACY_LEVEL_PROPERTY) == null;
    }

    /**
     * Turns the detector off unless a level was asked for (Netty has read that one already).
     * Call once at start, before any traffic.
     */
    static void applyProductionLevel() {
        if (disables(System.getProperties())) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
