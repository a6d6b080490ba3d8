package io.twingraph.api.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.webjars.WebJarVersionLocator;

import io.twingraph.api.http.Json;

/**
 * The browser's import map: each bare module name the dashboard (and the libraries it loads) imports, mapped to the
 * file in its WebJar under {@code /webjars/<name>/<version>/...}. Versions come from the WebJars on the classpath
 * (the pom pins them), so upgrading a library is a pom change only. No bundler: the browser loads the ES modules as
 * npm published them.
 */
final class ImportMap {
    /** Where a module is: its WebJar and the file (or, for a name ending in "/", the folder) in it. */
    record Location(String webjar, String file) {
    }

    /** Bare module name -> its location. */
    static final Map<String, Location> MODULES = modules();

    private ImportMap() {
    }

    private static Map<String, Location> modules() {
        Map<String, Location> m = new LinkedHashMap<>();
        m.put("codemirror", new Location("codemirror", "dist/index.js"));
        for (String pkg : new String[] {"view", "state", "language", "commands", "autocomplete", "search", "lint"}) {
            m.put("@codemirror/" + pkg, new Location("codemirror__" + pkg, "dist/index.js"));
        }
        m.put("@codemirror/legacy-modes/mode/", new Location("codemirror__legacy-modes", "mode/"));
        m.put("@lezer/common", new Location("lezer__common", "dist/index.js"));
        m.put("@lezer/highlight", new Location("lezer__highlight", "dist/index.js"));
        m.put("style-mod", new Location("style-mod", "src/style-mod.js"));
        m.put("w3c-keyname", new Location("w3c-keyname", "index.js"));
        m.put("crelt", new Location("crelt", "index.js"));
        m.put("@marijn/find-cluster-break", new Location("marijn__find-cluster-break", "src/index.js"));
        m.put("chart.js", new Location("chart.js", "dist/chart.js"));
        m.put("@kurkle/color", new Location("kurkle__color", "dist/color.esm.js"));
        return Map.copyOf(m);
    }

    /**
     * The import map's URLs, name -> {@code /webjars/...}.
     *
     * @throws IllegalStateException naming a WebJar that is not on the classpath
     */
    static Map<String, String> imports(WebJarVersionLocator locator) {
        Map<String, String> imports = new LinkedHashMap<>();
        MODULES.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String webjar = e.getValue().webjar();
            String version = locator.version(webjar);
            if (version == null) {
                throw new IllegalStateException("The dashboard needs the WebJar " + webjar + " on the classpath");
            }
            imports.put(e.getKey(), "/webjars/" + webjar + "/" + version + "/" + e.getValue().file());
        });
        return imports;
    }

    /** The {@code <script type="importmap">} body. */
    static String json(WebJarVersionLocator locator) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("imports", imports(locator)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
