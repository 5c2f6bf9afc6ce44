package org.tradeconsult.mechanism.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a request may carry.
 *
 * @param maxRequestBody the largest request body any endpoint accepts (our API, {@code
 *     /engine-rest}, the webapps); the longest field of the mechanism, a statement text, is 20,000
 *     characters
 */
@ConfigurationProperties("mechanism.http")
public record HttpLimitsProperties(@DefaultValue("1MB") DataSize maxRequestBody) {}
