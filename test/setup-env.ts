// Tests assert warnings through SparkWarnings.of(); do not also print them.
process.env.CDK8S_SPARK_QUIET = '1';
