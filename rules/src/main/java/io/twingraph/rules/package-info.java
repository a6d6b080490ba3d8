/**
 * Drools rule packs and their runtime. Empty until the rules work (issue 3) lands; the module exists so that the
 * layout is the one DESIGN.md describes and dependencies already point the right way.
 */
package io.twingraph.rules;
