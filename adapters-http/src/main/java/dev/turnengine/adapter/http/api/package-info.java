/**
 * The API's routes (one controller per resource) and the JSON they answer with, including the data of
 * stream events.
 */
package dev.turnengine.adapter.http.api;
