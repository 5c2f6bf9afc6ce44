package org.tradeconsult.mechanism.round;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request body that is read strictly: an unknown property, a property given twice or trailing
 * text is refused (400) instead of being dropped. A misspelt optional field would otherwise be
 * ignored in silence and the request carried out without it.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface StrictJson {}
