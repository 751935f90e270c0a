/**
 * Reads what clients send: JSON bodies field by field, ids in paths, numbers in query parameters;
 * anything malformed is a 400.
 */
package dev.turnengine.adapter.http.request;
