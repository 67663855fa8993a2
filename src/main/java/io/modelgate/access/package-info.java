/**
 * Who may call what: API keys read from the keys file, their roles ({@code infer}, {@code admin}), the HTTP
 * authentication mechanism that reads them from {@code Authorization: Bearer} or {@code X-API-Key}, the policies
 * that the path permissions of application.properties name, the 401/403 answers, and the 415 answer to a
 * state-changing request whose body is not of a documented type (what a cross-site form can send).
 * <p>
 * Must not know: the domain; no other package uses it (Quarkus finds its beans).
 */
package io.modelgate.access;
