/**
 * Natural language to queries, commands and goals. Empty until the language work (issue 5) lands; the module exists
 * so that the layout is the one DESIGN.md describes and dependencies already point the right way.
 */
package io.twingraph.llm;
