/**
 * The dashboard: one web application at {@code /} (Home, Ask, Query, Rules, Energy) in plain HTML, CSS and ES
 * modules from {@code src/main/resources/web/}, with its libraries (CodeMirror 6, Chart.js) loaded from WebJars on
 * the classpath through an import map. {@link io.twingraph.api.web.Dashboard} serves it.
 */
package io.twingraph.api.web;
