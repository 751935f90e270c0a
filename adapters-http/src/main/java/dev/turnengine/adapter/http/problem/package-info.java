/**
 * Every error as an RFC 9457 problem with the contract's code: refusals, the adapter's rejections,
 * framework errors and escaped exceptions.
 */
package dev.turnengine.adapter.http.problem;
