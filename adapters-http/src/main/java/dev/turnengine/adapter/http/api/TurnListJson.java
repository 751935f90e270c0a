package dev.turnengine.adapter.http.api;

import java.util.List;

/** A page of a conversation's turns, in order of acceptance. */
record TurnListJson(List<TurnJson> turns, int offset, int limit) {
}
