package org.tradeconsult.mechanism;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The workflow service of the China-U.S. Economic and Trade Consultation Mechanism. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsultationMechanismApplication {

  public static void main(String[] args) {
    SpringApplication.run(ConsultationMechanismApplication.class, args);
  }
}
