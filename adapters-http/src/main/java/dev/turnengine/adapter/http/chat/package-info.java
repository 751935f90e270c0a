/**
 * The chat page served at /, with its script and style under this package's resources.
 */
package dev.turnengine.adapter.http.chat;
